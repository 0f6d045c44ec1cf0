-- Read by jOOQ's code generator only (DDLDatabase, see pom.xml), never by Flyway: DDLDatabase replays the
-- migrations on an in-memory H2, which lacks PostgreSQL's network types. These stand-ins let it create the
-- tables; pom.xml's forcedTypes then bind the columns to PostgreSQL's real inet and macaddr.
CREATE DOMAIN inet AS varchar(45);
CREATE DOMAIN macaddr AS varchar(17);
