/** A Ringbolt pipeline as an Aeron Cluster service. */
package io.ringbolt.cluster;
