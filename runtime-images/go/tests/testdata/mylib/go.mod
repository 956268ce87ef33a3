module example.com/mylib

go 1.19
