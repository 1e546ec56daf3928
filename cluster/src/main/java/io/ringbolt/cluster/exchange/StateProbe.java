package io.ringbolt.cluster.exchange;

/**
 * One node's state at one log position, as answered to a probe: equal on every node that applied the same log.
 *
 * @param memberId the node
 * @param probeId the probe's id
 * @param logPosition the log position just after the probe
 * @param applied new orders and cancels applied so far
 * @param appliedHash a hash of the ids applied, in log order
 * @param stateHash the matching engine's state hash
 */
public record StateProbe(int memberId, long probeId, long logPosition, long applied, long appliedHash, long stateHash) {
    /**
     * One line for files and logs.
     *
     * @return {@code probe <id> member <m> position <p> applied <n> appliedHash <h> stateHash <h>}
     */
    public String line() {
        return "probe " + probeId + " member " + memberId + " position " + logPosition + " applied " + applied
                + " appliedHash " + Long.toHexString(appliedHash) + " stateHash " + Long.toHexString(stateHash);
    }

    /**
     * Whether two nodes' answers show the same state (member ids aside).
     *
     * @param other another node's answer to the same probe
     * @return whether position, counts and hashes are equal
     */
    public boolean sameState(final StateProbe other) {
        return probeId == other.probeId
                && logPosition == other.logPosition
                && applied == other.applied
                && appliedHash == other.appliedHash
                && stateHash == other.stateHash;
    }
}
