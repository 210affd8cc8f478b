"""Server-side rendering shared by the pages and the PDF: SVG charts, career map, PDF."""
