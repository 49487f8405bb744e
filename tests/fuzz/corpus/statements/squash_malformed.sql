-- ob-migrate: squashes 0000_init 1700000000000 abc
CREATE TABLE t (id integer);
