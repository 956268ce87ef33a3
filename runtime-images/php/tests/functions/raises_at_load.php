<?php

throw new RuntimeException('cannot start: no database');
