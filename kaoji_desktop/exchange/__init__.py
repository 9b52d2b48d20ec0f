"""Excel in and out (the year workbook, results) and department packages. No Qt."""
