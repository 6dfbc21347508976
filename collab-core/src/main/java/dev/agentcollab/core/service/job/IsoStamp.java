package dev.agentcollab.core.service.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The reference's iso stamp {@code YYYY-MM-DDTHH:MM:SS.mmmZ} (UTC, milliseconds) for ledgers and job files. */
final class IsoStamp {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoStamp() {}

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
