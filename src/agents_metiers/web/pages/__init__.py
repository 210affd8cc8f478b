"""Server-rendered HTML pages (PRODUCT.md §9): routers, htmx fragments, error pages."""
