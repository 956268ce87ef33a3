<?php

declare(strict_types=1);

namespace Nubo;

final class Clock
{
    /** Monotonic seconds. */
    public static function now(): float
    {
        return hrtime(true) / 1e9;
    }
}
