"""Open data: the public board as machine-readable files (tables, Data Package, Atom feed) and
schema.org JSON-LD. Pure functions of the public SiteView's records; the render stage calls them."""
