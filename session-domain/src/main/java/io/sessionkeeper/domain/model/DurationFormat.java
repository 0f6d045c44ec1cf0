package io.sessionkeeper.domain.model;

/**
 * Human durations as the API shows them: {@code "3h 45m"} in lists, {@code "3h 45m 30s"} in detail, with days
 * from 24 h on ({@code "2d 3h 5m"}). Units run from the largest non-zero one down to the format's smallest;
 * a brief duration under a minute shows seconds ({@code "45s"}).
 */
public final class DurationFormat {
    private DurationFormat() {}

    public static String brief(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        return format(s, false);
    }

    public static String detailed(long seconds) {
        return format(Math.max(0, seconds), true);
    }

    private static String format(long s, boolean withSeconds) {
        long days = s / 86_400;
        long hours = (s % 86_400) / 3_600;
        long minutes = (s % 3_600) / 60;
        long secs = s % 60;
        StringBuilder out = new StringBuilder();
        if (days > 0) {
            out.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            out.append(hours).append("h ");
        }
        if (days > 0 || hours > 0 || minutes > 0 || !withSeconds) {
            out.append(minutes).append('m');
        }
        if (withSeconds) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(secs).append('s');
        }
        return out.toString();
    }
}
