# syntax=docker/dockerfile:1.4
# Image of ONE Go function, for running it without Nubo's Kubernetes operator: Go compiles the function into the
# runtime server, so the image is built per function (distroless, no toolchain). The image the operator's function
# pods run, which compiles in the pod, is ./Dockerfile (nubo-runtime-go). Build context: this folder; the
# function's code (with its go.mod, if any) is the named context "function":
#
#   docker build -f runtime-images/go/function.Dockerfile --build-context function=./my-function \
#       -t my-function runtime-images/go
#   docker run -e MOD_NAME=helloget -e FUNC_HANDLER=Foo -p 8080:8080 my-function
#
# Without MOD_NAME/FUNC_HANDLER the server starts unspecialized (warm pool).

FROM golang:1.19 AS build
ENV CGO_ENABLED=0 GOFLAGS=-mod=mod
COPY builder/ /runtime/builder/
COPY server/ /runtime/server/
COPY kubeless-functions/ /runtime/kubeless-functions/
COPY --from=function . /function/
WORKDIR /build
# Same steps as runtime.json's install and compile.
RUN go run /runtime/builder/main.go download -runtime /runtime -code /function -deps /function \
 && go run /runtime/builder/main.go build -runtime /runtime -code /function -deps /function -o /build/server

FROM gcr.io/distroless/static-debian12:nonroot
# The code stays beside the binary: it is the working directory, as in Kubeless.
COPY --from=function . /kubeless/
COPY --from=build /build/server /server
WORKDIR /kubeless
ENV FUNC_PORT=8080 KUBELESS_INSTALL_VOLUME=/kubeless
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/server"]
