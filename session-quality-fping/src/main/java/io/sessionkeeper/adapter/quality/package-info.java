/** The active quality source: ICMP echoes sent by fping, run as a process, to subscriber addresses only. */
package io.sessionkeeper.adapter.quality;
