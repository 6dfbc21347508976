package dev.agentcollab.core.http.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world garbage-collection pauses of this JVM while it is watched, each with its wall-clock start and
 * end (from the collectors' notifications: millisecond resolution), so that a benchmark can tell which requests a
 * pause held up. Concurrent cycles (ZGC's and Shenandoah's "Cycles" collectors) are not pauses and are left out;
 * G1's "G1 Concurrent GC" collector reports its remark and cleanup pauses and is kept.
 */
final class GcPauses implements AutoCloseable {
    /**
     * One pause.
     *
     * @param startMicros wall-clock start, microseconds since the epoch
     * @param endMicros wall-clock end, microseconds since the epoch
     * @param collector the collector's name, e.g. {@code Copy} or {@code G1 Young Generation}
     */
    record Pause(long startMicros, long endMicros, String collector) {
        Pause {
            if (endMicros < startMicros) {
                throw new IllegalArgumentException("a pause ends before it starts: " + startMicros + " > " + endMicros);
            }
        }

        double millis() {
            return (endMicros - startMicros) / 1e3;
        }

        boolean overlaps(long fromMicros, long toMicros) {
            return fromMicros < endMicros && toMicros > startMicros;
        }
    }

    private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    private GcPauses() {}

    /** Starts recording this JVM's pauses. */
    static GcPauses watch() {
        GcPauses watch = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter && !bean.getName().endsWith("Cycles")) {
                emitter.addNotificationListener(watch.listener, null, null);
                watch.emitters.add(emitter);
            }
        }
        return watch;
    }

    private void onNotification(Notification n, Object handback) {
        // com.sun.management.GarbageCollectionNotificationInfo's type and fields, read as open data so that the
        // benchmark needs no jdk.management module.
        if (!"com.sun.management.gc.notification".equals(n.getType())
                || !(n.getUserData() instanceof CompositeData data)
                || !(data.get("gcInfo") instanceof CompositeData info)) {
            return;
        }
        long start = (jvmStartMillis + (Long) info.get("startTime")) * 1000;
        long end = (jvmStartMillis + (Long) info.get("endTime")) * 1000;
        synchronized (pauses) {
            pauses.add(new Pause(start, Math.max(start, end), String.valueOf(data.get("gcName"))));
        }
    }

    /** The pauses that overlap {@code [fromMicros, toMicros]}, in the order they ended. */
    List<Pause> between(long fromMicros, long toMicros) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.overlaps(fromMicros, toMicros)).toList();
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
