<?php

// A compile error PHP cannot catch: it ends the process that loads the file.
function handler($event, $context)
{
    return 'first';
}

function handler($event, $context)
{
    return 'second';
}
