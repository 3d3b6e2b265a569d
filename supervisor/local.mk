# supervisor/: vigil-supervisor, one process per running guest.
