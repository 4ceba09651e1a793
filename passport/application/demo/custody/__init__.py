"""SYNTHETIC custody example: a cobalt chain and a 3T chain that meet in the example NMC811 EV pack."""
