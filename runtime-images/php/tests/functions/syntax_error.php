<?php

function handler($event, $context
{
    return 'missing parenthesis';
}
