package io.durableentities.samples.springaccounts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Bank accounts as durable entities in a Spring Boot application. Run it with {@code java -jar
 * target/spring-accounts.jar}: the scheduler runs embedded (data in {@code .durable-data}) unless
 * {@code durable.connection-string} names one.
 */
@SpringBootApplication
public class SpringAccountsApplication {

  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringAccountsApplication.class, args);
  }
}
