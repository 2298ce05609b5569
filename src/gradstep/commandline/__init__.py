"""The command line, ``gradstep``: the demo, and fitting a CSV file.

- ``cli``: the commands.
- ``csvfile``: reading two columns of a CSV file as a table, a row at a time.
- ``csvlines``: a file's lines, read in blocks: bounded, checked as UTF-8, counted.
- ``outputs``: writing output files so that no run can destroy a file.
- ``progress``: the progress line of a long run.
- ``reservoir``: an even sample of the points of a file too big to draw whole.
"""
