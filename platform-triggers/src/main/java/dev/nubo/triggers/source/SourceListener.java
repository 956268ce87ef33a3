package dev.nubo.triggers.source;

import java.util.Collection;
import java.util.List;

/** How a {@link TriggerSource} reports to its dispatcher. */
public interface SourceListener {

    /** New records, in partition order. */
    void onRecords(List<SourceRecord> records);

    /** These partitions went to another consumer: records of them not yet started are dropped (they come again). */
    void onPartitionsLost(Collection<String> partitions);

    /** Connected and consuming ({@code message}: what it consumes), or not (why). */
    void onSourceState(boolean consuming, String message);

    /** Records handed out and not yet acknowledged: the source pauses fetching above its bound. */
    int pendingRecords();
}
