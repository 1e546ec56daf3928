package io.ringbolt.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exchange's latency goal on the shared layout, checked against a results folder's exchange ladder and its
 * controls:
 *
 * <ul>
 *   <li>end-to-end p99 ≤ {@value #P99_GOAL_MICROS} µs at {@value #GOAL_RATE} requests/s, and
 *   <li>the highest rate held with p99 &lt; 1 ms at least {@value #HIGHEST_GOAL_RATE} requests/s;
 *   <li>or, where the floor alone makes a bound impossible (the one-stage control's p99 already over it at that
 *       rate), the exchange's p99 and p99.9 within {@value #FLOOR_RATIO}× of the one-stage control's at every rate.
 * </ul>
 *
 * <p>Folders without a shared ladder (written before the layouts) have no goal checks. Immutable.
 *
 * @param checks the checks, as the report's targets list them
 * @param holds whether the goal holds
 * @param sentence the verdict in one sentence, with the numbers that decide it
 */
public record ExchangeGoal(List<Targets.Check> checks, boolean holds, String sentence) {
    /** The p99 goal at {@link #GOAL_RATE}, microseconds. */
    public static final long P99_GOAL_MICROS = 100;

    /** The rate the p99 goal is set at, requests per second. */
    public static final long GOAL_RATE = 100_000;

    /** The highest rate held the goal asks for, requests per second. */
    public static final long HIGHEST_GOAL_RATE = 500_000;

    /** How far above the one-stage control's p99 and p99.9 the exchange's may be, where the floor decides. */
    public static final double FLOOR_RATIO = 1.5;

    /** The layout the goal is set for. */
    public static final String LAYOUT = "shared";

    private static final long P99_GOAL_NANOS = P99_GOAL_MICROS * 1000;

    /**
     * Checks the goal.
     *
     * @param exchange the exchange step's results, or {@code null}
     * @return the verdict; no checks when there is no shared ladder
     */
    public static ExchangeGoal check(final ExchangeResults exchange) {
        final List<ExchangeResults.Rung> shared = new ArrayList<>();
        if (exchange != null) {
            for (final ExchangeResults.Rung rung : exchange.rungs()) {
                if (LAYOUT.equals(rung.layout())) {
                    shared.add(rung);
                }
            }
        }
        if (shared.isEmpty()) {
            return new ExchangeGoal(List.of(), false, "");
        }
        final double limit = exchange.p99LimitNanos();
        final String subject = "exchange, shared layout (" + shared.get(0).waitStrategy() + ")";
        final List<Targets.Check> checks = new ArrayList<>();

        final Targets.Check atGoalRate = p99AtGoalRate(subject, shared);
        checks.add(atGoalRate);
        final Targets.Check highest = highestHeld(subject, shared, limit);
        checks.add(highest);

        final boolean floorDecides =
                atGoalRate.status() == Targets.Status.INCONCLUSIVE || highest.status() == Targets.Status.INCONCLUSIVE;
        final List<Targets.Check> ratios = new ArrayList<>();
        for (final ExchangeResults.Rung rung : shared) {
            if (rung.oneStage() != null) {
                ratios.add(ratioCheck(subject, rung));
            }
        }
        final boolean absolute = atGoalRate.status() == Targets.Status.MET && highest.status() == Targets.Status.MET;
        final boolean ratiosMet =
                !ratios.isEmpty() && ratios.stream().allMatch(check -> check.status() == Targets.Status.MET);
        final boolean neitherMissed = atGoalRate.status() != Targets.Status.MISSED
                && highest.status() != Targets.Status.MISSED
                && atGoalRate.status() != Targets.Status.NOT_MEASURED
                && highest.status() != Targets.Status.NOT_MEASURED;
        if (floorDecides) {
            checks.addAll(ratios);
        }
        final boolean holds = absolute || (floorDecides && neitherMissed && ratiosMet);
        final StringBuilder sentence = new StringBuilder();
        sentence.append(holds ? "**The goal holds**" : "**The goal does not hold**")
                .append(" on the shared layout: ")
                .append(atGoalRate.detail())
                .append("; ")
                .append(highest.detail());
        if (floorDecides) {
            final long missed = ratios.stream()
                    .filter(check -> check.status() != Targets.Status.MET)
                    .count();
            sentence.append(String.format(
                    Locale.ROOT,
                    "; the floor decides, so the exchange must stay within %s× of the one-stage control's p99 and"
                            + " p99.9 at every rate: %s",
                    Format.plain(FLOOR_RATIO),
                    missed == 0 ? "it does at all " + ratios.size() : missed + " of " + ratios.size() + " rates miss"));
        }
        sentence.append('.');
        return new ExchangeGoal(List.copyOf(checks), holds, sentence.toString());
    }

    private static Targets.Check p99AtGoalRate(final String subject, final List<ExchangeResults.Rung> shared) {
        final String target = "end-to-end p99 ≤ " + P99_GOAL_MICROS + " µs at " + rate(GOAL_RATE) + "/s";
        final ExchangeResults.Rung rung = shared.stream()
                .filter(each -> each.ratePerSecond() == GOAL_RATE)
                .findFirst()
                .orElse(null);
        if (rung == null) {
            return new Targets.Check(
                    target, subject, Targets.Status.NOT_MEASURED, "-", "no rung at " + rate(GOAL_RATE) + "/s");
        }
        final long p99 = rung.summary().p99();
        final String measured = Format.micros(p99) + " µs";
        final String floors = floors(rung);
        if (p99 <= P99_GOAL_NANOS) {
            return new Targets.Check(
                    target,
                    subject,
                    Targets.Status.MET,
                    measured,
                    "p99 " + measured + " at " + rate(GOAL_RATE) + "/s (goal " + P99_GOAL_MICROS + " µs" + floors
                            + ")");
        }
        if (rung.oneStage() != null && rung.oneStage().p99() > P99_GOAL_NANOS) {
            return new Targets.Check(
                    target,
                    subject,
                    Targets.Status.INCONCLUSIVE,
                    measured,
                    "p99 " + measured + " at " + rate(GOAL_RATE) + "/s, but the engine's floor alone is over "
                            + P99_GOAL_MICROS + " µs in this run" + floors);
        }
        return new Targets.Check(
                target,
                subject,
                Targets.Status.MISSED,
                measured,
                String.format(
                        Locale.ROOT,
                        "p99 %s at %s/s, %s× the goal of %d µs%s",
                        measured,
                        rate(GOAL_RATE),
                        Format.plain(Math.round(p99 / (double) P99_GOAL_NANOS * 10) / 10.0),
                        P99_GOAL_MICROS,
                        floors));
    }

    private static Targets.Check highestHeld(
            final String subject, final List<ExchangeResults.Rung> shared, final double limit) {
        final String target =
                "highest rate held with p99 < " + Format.plain(limit / 1e6) + " ms ≥ " + rate(HIGHEST_GOAL_RATE) + "/s";
        double highest = 0;
        ExchangeResults.Rung firstMiss = null;
        double tried = 0;
        for (final ExchangeResults.Rung rung : shared) {
            tried = Math.max(tried, rung.ratePerSecond());
            if (rung.holds()) {
                highest = Math.max(highest, rung.ratePerSecond());
            } else if (firstMiss == null) {
                firstMiss = rung;
            }
        }
        final String measured = highest == 0 ? "none" : rate(highest) + "/s";
        final String held = "highest rate held " + (highest == 0 ? "none of the rates tried" : rate(highest) + "/s");
        if (highest >= HIGHEST_GOAL_RATE) {
            return new Targets.Check(target, subject, Targets.Status.MET, measured, held);
        }
        if (firstMiss == null) {
            return new Targets.Check(
                    target,
                    subject,
                    Targets.Status.NOT_MEASURED,
                    measured,
                    held + "; the ladder went up to " + rate(tried) + "/s only");
        }
        final String at = String.format(
                Locale.ROOT,
                "%s (at %s/s p99 %s µs%s)",
                held,
                rate(firstMiss.ratePerSecond()),
                Format.micros(firstMiss.summary().p99()),
                floors(firstMiss));
        if (firstMiss.oneStage() != null && firstMiss.oneStage().p99() >= limit) {
            return new Targets.Check(
                    target,
                    subject,
                    Targets.Status.INCONCLUSIVE,
                    measured,
                    at + ", where the engine's floor alone is over the limit");
        }
        return new Targets.Check(target, subject, Targets.Status.MISSED, measured, at);
    }

    private static Targets.Check ratioCheck(final String subject, final ExchangeResults.Rung rung) {
        final LatencyStats exchange = rung.summary();
        final LatencyStats floor = rung.oneStage();
        final double p99 = ratio(exchange.p99(), floor.p99());
        final double p999 = ratio(exchange.p999(), floor.p999());
        final boolean met = p99 <= FLOOR_RATIO && p999 <= FLOOR_RATIO;
        final String measured = String.format(Locale.ROOT, "%.2f× / %.2f×", p99, p999);
        return new Targets.Check(
                "p99 and p99.9 ≤ " + Format.plain(FLOOR_RATIO) + "× the one-stage control's at "
                        + rate(rung.ratePerSecond()) + "/s",
                subject,
                met ? Targets.Status.MET : Targets.Status.MISSED,
                measured,
                String.format(
                        Locale.ROOT,
                        "p99 %s µs against %s µs (%.2f×), p99.9 %s µs against %s µs (%.2f×)",
                        Format.micros(exchange.p99()),
                        Format.micros(floor.p99()),
                        p99,
                        Format.micros(exchange.p999()),
                        Format.micros(floor.p999()),
                        p999));
    }

    /**
     * The exchange's percentile over the one-stage control's.
     *
     * @param exchange the exchange's, nanoseconds
     * @param floor the control's, nanoseconds
     * @return the ratio; infinite when the control's is zero and the exchange's is not
     */
    static double ratio(final long exchange, final long floor) {
        if (floor == 0) {
            return exchange == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return exchange / (double) floor;
    }

    private static String floors(final ExchangeResults.Rung rung) {
        final StringBuilder text = new StringBuilder();
        if (rung.oneStage() != null) {
            text.append("; one-stage control p99 ")
                    .append(Format.micros(rung.oneStage().p99()))
                    .append(" µs");
        }
        if (rung.platform() != null) {
            text.append("; platform p99 ")
                    .append(Format.micros(rung.platform().summary().p99()))
                    .append(" µs");
        }
        return text.toString();
    }

    private static String rate(final double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
