/* nwf-parse: being written */
