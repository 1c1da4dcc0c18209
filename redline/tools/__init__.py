"""Tools around the pipeline, no stage of it: the synthetic-SEC generator for tests and benchmarks."""
