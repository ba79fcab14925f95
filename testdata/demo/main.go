// Command demo runs the checkout service.
package main

import (
	"context"
	"log"
	"net/http"

	"example.com/demo/checkout"
	"example.com/demo/telemetry"
)

func main() {
	shutdown, err := telemetry.Setup(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	defer shutdown(context.Background())
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", checkout.Handler()))
}
