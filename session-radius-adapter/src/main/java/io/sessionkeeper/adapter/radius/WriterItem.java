package io.sessionkeeper.adapter.radius;

/** What a writer's queue holds: an accepted request ({@link PendingAnswer}) or a NAS's barrier ({@link NasBarrier}). */
sealed interface WriterItem permits PendingAnswer, NasBarrier {}
