module example.com/withlocallib

go 1.19

require example.com/vendored v0.0.0

replace example.com/vendored => ./mylib
