"""Performance benchmarks with their targets; `python -m benchmarks` lists them."""
