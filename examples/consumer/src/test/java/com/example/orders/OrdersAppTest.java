package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrdersAppTest {
    @Test
    void shouldSumEveryOrderOnlyAfterJournalingIt(@TempDir final Path dir) {
        final OrdersApp.Result result = OrdersApp.run(dir.resolve("journal"), 10_000);

        assertEquals(10_000, result.summedOrders());
        assertEquals(10_000, result.journaledRecords());
        // Quantities 1..10 repeat: 1,000 rounds of 55.
        assertEquals(55_000, result.summedQuantity());
        assertEquals(55_000, result.journaledQuantity());
    }
}
