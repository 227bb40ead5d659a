/**
 * Application classes of the tests of learned classes: a package no allow list and no cache's configured type names,
 * so only writing a value of them makes them readable.
 */
package io.jcacheredis.learned;
