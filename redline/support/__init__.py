"""Support code that is no pipeline stage: helpers the stages share (the garbage collector)."""
