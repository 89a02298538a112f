package com.example.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class MyRegistryApplication {
    public static void main(String[] args) {
        SpringApplication.run(MyRegistryApplication.class, args);
    }
}
