/** Entry point: registers the root element. Everything else hangs off it. */
import './ui/gpu-payoff-app.ts';
