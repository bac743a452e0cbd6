"""pytest setup for the probe's tests: import gpu_payoff_probe from this folder, write no bytecode."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
