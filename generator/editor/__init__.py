"""The form editor for office staff: Decap CMS, configured from the record models.

`config` turns the models into Decap's configuration, `normalise` turns what the editor saves
into the YAML `congkhai new` writes, `backend` serves the editor and Decap's local-backend
protocol on localhost, `admin` writes the editor into a board's admin/ folder.
"""
