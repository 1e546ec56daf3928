package io.ringbolt.engine;

import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * A JDK Flight Recorder event type that is registered with JFR only once a Flight Recorder exists in this JVM (a
 * recording was started, by {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API). Registering an event
 * type ({@link EventType#getEventType}) initializes JFR, which takes tens to hundreds of milliseconds; a JVM that
 * never records should not pay that for a pipeline or a journal. Until then {@link #isEnabled()} is false after one
 * volatile read; after, it is the type's own {@link EventType#isEnabled()}.
 *
 * <p>Support for Ringbolt's own events (engine and journal); applications do not need it. Thread-safe: any thread may
 * ask, and a recording started on another thread is seen at the next call. On a JVM without a usable Flight Recorder
 * the events are never enabled.
 */
public final class LazyEventType {
    private static final List<LazyEventType> TYPES = new ArrayList<>();
    private static boolean active; // guarded by TYPES

    static {
        try {
            // A recording's start notifies outside JFR's locks (recorderInitialized runs inside them, so it is not
            // the hook); a recorder that already exists is caught just after.
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recordingStateChanged(final Recording recording) {
                    activate();
                }
            });
            if (FlightRecorder.isInitialized()) {
                activate();
            }
        } catch (final RuntimeException | LinkageError ex) {
            // No Flight Recorder here: the events stay disabled.
        }
    }

    private final Class<? extends Event> eventClass;
    private volatile EventType type;

    private LazyEventType(final Class<? extends Event> eventClass) {
        this.eventClass = eventClass;
    }

    /**
     * The lazily registered type of an event class.
     *
     * @param eventClass the event's class
     * @return its type, registered now if a Flight Recorder exists, else when one appears
     */
    public static LazyEventType of(final Class<? extends Event> eventClass) {
        final LazyEventType lazy = new LazyEventType(eventClass);
        synchronized (TYPES) {
            TYPES.add(lazy);
            if (active) {
                lazy.resolve();
            }
        }
        return lazy;
    }

    private static void activate() {
        synchronized (TYPES) {
            if (active) {
                return;
            }
            active = true;
            for (final LazyEventType lazy : TYPES) {
                lazy.resolve();
            }
        }
    }

    private void resolve() {
        try {
            type = EventType.getEventType(eventClass);
        } catch (final RuntimeException | LinkageError ex) {
            // This JVM cannot record it: it stays disabled.
        }
    }

    /**
     * Whether a running recording has this event on.
     *
     * @return false until a Flight Recorder exists, then whether the event is enabled
     */
    public boolean isEnabled() {
        final EventType resolved = type;
        return resolved != null && resolved.isEnabled();
    }

    @Override
    public String toString() {
        return eventClass.getName() + (type == null ? " (no Flight Recorder yet)" : "");
    }
}
