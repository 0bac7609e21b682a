namespace Dataphin.UpgradeKit.Tests.Estimates;

/// <summary>
/// The zero-downtime generator's own distribution, known exactly rather than estimated, conditioned on what is known of
/// a running upgrade: the reference for the estimator's band (not a bound on its error: a median is not the point that
/// minimises a percentage error). Steps S and verification V, in minutes: S = 35·e^(0.5 Z), V = 10·e^(0.5 Z'), with
/// probability 2.5 % each one of them (never both) multiplied by U(3, 6) (the density and distribution function of such
/// a product in closed form). Still in the steps at e: the end is S + V given S &gt; e. Steps completed at s, verifying
/// for v: s + V given S = s (which says how likely a verification outlier is) and V &gt; v. Worked out by numerical
/// integration (trapezoid in log space, 300 points; 500 and 1,200 gave the same figures), not by sampling, so it is
/// deterministic; the generator's rounding to seconds is ignored.
/// </summary>
public partial class EstimateBacktestTests
{
    private static class ZeroDowntimeTruth
    {
        private const double OutlierPhaseShare = OutlierShare / 2;
        private const double Normal = 1 - OutlierShare;
        private const int GridPoints = 300;

        // A fixed log-spaced grid over verification times, with the trapezoid weights of the densities of V (plain, and
        // as an outlier): the sums below are the integrals over v.
        private static readonly double VerificationStep = (Math.Log(2500) - Math.Log(0.5)) / (GridPoints - 1);
        private static readonly double[] VerificationGrid = Grid(Math.Log(0.5), Math.Log(2500), GridPoints, out _);
        private static readonly double[] PlainWeights = [.. VerificationGrid.Select((v, i) => Trapezoid(i) * VerificationStep * v * Density(v, ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma))];
        private static readonly double[] OutlierWeights = [.. VerificationGrid.Select((v, i) => Trapezoid(i) * VerificationStep * v * OutlierDensity(v, ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma))];

        /// <summary>The 10th percentile, median and 90th percentile of the end, in minutes from the start.</summary>
        public static (double Low, double Median, double High) Band(double elapsed, double? stepsCompleted)
        {
            Func<double, double> cdf = stepsCompleted is { } s ? Verifying(s, elapsed - s) : InSteps(elapsed);
            return (Quantile(cdf, elapsed, 0.1), Quantile(cdf, elapsed, 0.5), Quantile(cdf, elapsed, 0.9));
        }

        /// <summary>P(S + V ≤ x | S &gt; e).</summary>
        private static Func<double, double> InSteps(double e)
        {
            var aboveE = Cdf(e, StepsMedian, StepsSigma);
            var outlierAboveE = OutlierCdf(e, StepsMedian, StepsSigma);
            var mass = ((Normal + OutlierPhaseShare) * (1 - aboveE)) + (OutlierPhaseShare * (1 - outlierAboveE));

            // Slow steps (S = A·U, V plain): integrated over s > e on a grid from e.
            var stepsGrid = Grid(Math.Log(e), Math.Log(e * 200), GridPoints, out var h);
            var slowSteps = stepsGrid.Select((s, i) => Trapezoid(i) * h * s * OutlierDensity(s, StepsMedian, StepsSigma)).ToArray();
            return x =>
            {
                double p = 0;
                for (var j = 0; j < VerificationGrid.Length && x - VerificationGrid[j] > e; j++)
                {
                    var steps = Cdf(x - VerificationGrid[j], StepsMedian, StepsSigma) - aboveE;
                    p += ((Normal * PlainWeights[j]) + (OutlierPhaseShare * OutlierWeights[j])) * steps;
                }

                for (var j = 0; j < stepsGrid.Length && stepsGrid[j] < x; j++)
                {
                    p += OutlierPhaseShare * slowSteps[j] * Cdf(x - stepsGrid[j], ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma);
                }

                return p / mass;
            };
        }

        /// <summary>P(s + V ≤ x | S = s, V &gt; v).</summary>
        private static Func<double, double> Verifying(double s, double v)
        {
            var plain = (Normal * Density(s, StepsMedian, StepsSigma)) + (OutlierPhaseShare * OutlierDensity(s, StepsMedian, StepsSigma));
            var slow = OutlierPhaseShare * Density(s, StepsMedian, StepsSigma);
            var plainAbove = Cdf(v, ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma);
            var slowAbove = OutlierCdf(v, ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma);
            var mass = (plain * (1 - plainAbove)) + (slow * (1 - slowAbove));
            return x => ((plain * Math.Max(0, Cdf(x - s, ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma) - plainAbove))
                + (slow * Math.Max(0, OutlierCdf(x - s, ZeroDowntimeVerificationMedian, ZeroDowntimeVerificationSigma) - slowAbove))) / mass;
        }

        private static double Quantile(Func<double, double> cdf, double from, double q)
        {
            double lo = from, hi = from + 1;
            while (cdf(hi) < q)
            {
                hi = from + ((hi - from) * 2);
            }

            while (hi - lo > 1e-4) // minutes: 6 ms
            {
                var mid = (lo + hi) / 2;
                (lo, hi) = cdf(mid) < q ? (mid, hi) : (lo, mid);
            }

            return (lo + hi) / 2;
        }

        private static double[] Grid(double from, double to, int points, out double step)
        {
            var h = (to - from) / (points - 1);
            step = h;
            return [.. Enumerable.Range(0, points).Select(i => Math.Exp(from + (i * h)))];
        }

        private static double Trapezoid(int i) => i == 0 || i == GridPoints - 1 ? 0.5 : 1;

        private static double Cdf(double x, double median, double sigma) => x <= 0 ? 0 : Phi(Math.Log(x / median) / sigma);

        private static double Density(double x, double median, double sigma)
        {
            if (x <= 0)
            {
                return 0;
            }

            var z = Math.Log(x / median) / sigma;
            return Math.Exp(-z * z / 2) / (Math.Sqrt(2 * Math.PI) * sigma * x);
        }

        // X·U with U uniform on [3, 6] and X log-normal (median m, sigma σ), in closed form (c = ln(x / m)): the density is
        // e^(σ²/2) / (3m) · [Φ((ln 6 − c − σ²)/σ) − Φ((ln 3 − c − σ²)/σ)], and, by parts, the distribution function
        // (1/3) · (6 Φ((c − ln 6)/σ) − 3 Φ((c − ln 3)/σ) + e^(c + σ²/2) · [the same difference]).
        private static double OutlierCdf(double x, double median, double sigma)
        {
            if (x <= 0)
            {
                return 0;
            }

            var c = Math.Log(x / median);
            return ((6 * Phi((c - Math.Log(6)) / sigma)) - (3 * Phi((c - Math.Log(3)) / sigma)) + (Math.Exp(c + (sigma * sigma / 2)) * OutlierDifference(c, sigma))) / 3;
        }

        private static double OutlierDensity(double x, double median, double sigma) =>
            x <= 0 ? 0 : Math.Exp(sigma * sigma / 2) / (3 * median) * OutlierDifference(Math.Log(x / median), sigma);

        private static double OutlierDifference(double c, double sigma) =>
            Phi((Math.Log(6) - c - (sigma * sigma)) / sigma) - Phi((Math.Log(3) - c - (sigma * sigma)) / sigma);

        // The standard normal distribution function, from erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
        private static double Phi(double z)
        {
            var x = -z / Math.Sqrt(2);
            var t = 1 / (1 + (0.5 * Math.Abs(x)));
            double poly = 0;
            foreach (var c in (ReadOnlySpan<double>)[0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223])
            {
                poly = (poly * t) + c;
            }

            var erfc = t * Math.Exp((-x * x) + poly);
            return 0.5 * (x >= 0 ? erfc : 2 - erfc);
        }
    }
}
