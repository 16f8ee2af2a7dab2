// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace dms::server {

/** The client certificate verified during the TLS handshake (mutual TLS). */
struct ClientCertificate
{
    /** The subject in RFC 2253 form, e.g. "CN=desk-1,O=Office". */
    QString subject;
    /** SHA-256 of the DER certificate, lower-case hex without separators. */
    QByteArray sha256Fingerprint;
};

/** One HTTP request as handed to a handler: the target is split into path and
 *  query; the body is complete and within the configured limit. A body above the
 *  server's spool threshold (on a path with its own body limit, see
 *  HttpServerSettings::routeMaxBodyBytes) is not in memory: it is in bodyFile (removed by the
 *  server once the handler has returned) and body is empty. */
struct HttpRequest
{
    QByteArray method;
    QByteArray path;
    QByteArray query;
    QByteArray contentType;
    QByteArray body;
    /** The spooled body's file, or empty when the body is in `body`. */
    QString bodyFile;
    /** The body's size, wherever it is. */
    qint64 bodySize = 0;
    ClientCertificate client;
    /** The peer's IP address as text, e.g. "127.0.0.1" (for per-client rate limits). */
    QByteArray remoteAddress;
};

} // namespace dms::server
