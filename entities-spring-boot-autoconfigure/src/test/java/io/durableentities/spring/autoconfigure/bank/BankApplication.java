package io.durableentities.spring.autoconfigure.bank;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The test application: component scanning finds the entity, orchestration and activity. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class BankApplication {}
