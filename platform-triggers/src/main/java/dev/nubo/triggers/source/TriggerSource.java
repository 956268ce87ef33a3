package dev.nubo.triggers.source;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.nubo.core.trigger.TriggerStatus.PartitionLag;
import dev.nubo.triggers.dispatch.CallResult;

/**
 * The event-source SPI: what the dispatcher needs of a broker. One instance consumes for one trigger. The dispatcher
 * ({@link EventDispatcher}) does ordering, concurrency, calls, retries and status; a source only moves records.
 *
 * <p>At-least-once contract: a record handed to {@link SourceListener#onRecords} is delivered again (after a crash,
 * a restart, a rebalance) until it is {@link #ack acknowledged}. A source may hand a record out twice; it must never
 * drop one that was not acknowledged.
 */
public interface TriggerSource extends AutoCloseable {

    /** Starts consuming; records and state changes arrive at the listener from the source's own thread(s). */
    void start(SourceListener listener);

    /** The record is finished (answered, or dead-lettered): it must not come back. Any thread. */
    void ack(SourceRecord record);

    /**
     * An attempt failed and the dispatcher will try again after {@code attempt}'s backoff: a source whose broker
     * redelivers unacknowledged records on a timer (NATS) says "still working" here; Kafka needs nothing.
     */
    void nack(SourceRecord record, int attempt);

    /**
     * Stores a record that failed for good where people can look at it (and replay it); completes once stored. The
     * dispatcher acknowledges the record only after that. {@code null} completion = no dead letter configured.
     */
    CompletableFuture<Void> deadLetter(SourceRecord record, DeadLetter why);

    /** Publishes a function's successful answer to the trigger's reply destination, if it has one. */
    CompletableFuture<Void> reply(SourceRecord record, String function, CallResult answer);

    /** Position and lag per partition, as last seen (no broker round trip). */
    List<PartitionLag> lag();

    /** Stops consuming; records not acknowledged come back to the next consumer. */
    @Override
    void close();

    /**
     * Why a record went to the dead letter.
     *
     * @param error      what the last attempt ended with (the function's answer body, or the failure)
     * @param statusCode the function's last HTTP status, 0 when it did not answer
     * @param attempts   calls made
     * @param function   the function that failed it
     */
    record DeadLetter(String error, int statusCode, int attempts, String function) {
    }
}
