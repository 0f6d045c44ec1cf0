package io.sessionkeeper.adapter.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads fping's {@code -C} summary: one line per target, {@code <target> : <rtt|-> <rtt|-> …}, a dash for an echo
 * unanswered, round trips in milliseconds. Any other line (a warning, an ICMP error report) and any target not
 * asked about is ignored: what fping prints is not trusted further than that.
 */
final class FpingOutput {
    private FpingOutput() {}

    /** Per target as fping printed it: the answered round trips and the echoes the line accounts for. */
    record Line(int sent, List<Double> rttMillis) {}

    static Map<String, Line> parse(List<String> lines, int maxEchoes) {
        Map<String, Line> result = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(" : ");
            if (colon <= 0 || line.length() > 64 + 16 * maxEchoes) {
                continue;
            }
            String target = line.substring(0, colon).trim();
            String[] values = line.substring(colon + 3).trim().split("\\s+");
            if (values.length == 0 || values.length > maxEchoes) {
                continue;
            }
            List<Double> rtts = new ArrayList<>();
            boolean valid = true;
            for (String value : values) {
                if (value.equals("-")) {
                    continue;
                }
                try {
                    double rtt = Double.parseDouble(value);
                    if (!(rtt >= 0 && rtt <= 60_000)) {
                        valid = false;
                    } else {
                        rtts.add(rtt);
                    }
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (valid) {
                result.put(target, new Line(values.length, rtts));
            }
        }
        return result;
    }
}
