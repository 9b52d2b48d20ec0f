VERSION = "0.1.0"  # kept equal to pyproject by tests/installer/test_version.py
