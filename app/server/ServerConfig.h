// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpServer.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace dms::server {

/** The settings of delovod-server, read from an INI file:
 *
 *      [database]
 *      url=sqlite:/var/lib/delovod/delovod.db
 *
 *      [http]
 *      address=127.0.0.1
 *      port=8080                  ; 0 picks a free port, printed at start
 *      threads=2
 *
 *      [tls]
 *      certificate=/etc/delovod/server.crt   ; PEM, chain allowed
 *      key=/etc/delovod/server.key           ; PEM, unencrypted
 *      client_ca=/etc/delovod/desks-ca.crt   ; CA(s) of the desks' certificates
 *
 *      [limits]
 *      max_header_bytes=16384
 *      max_body_bytes=9437184
 *      request_timeout_ms=30000   ; TLS handshake and reading one request
 *      idle_timeout_ms=60000      ; a kept-alive connection waiting for the next
 *      shutdown_timeout_ms=10000  ; in-flight requests on SIGTERM/SIGINT
 *      spool_dir=/var/lib/delovod/blobs/spool ; СЕОС bodies over 1 MiB wait here while handled;
 *                                 ;   default: "spool" in the blob directory (same disk)
 *
 *      [sync]
 *      blob_dir=/var/lib/delovod/blobs ; default: "blobs" next to an SQLite database
 *      session_minutes=480        ; how long a desk login lasts
 *
 *      [exchange]                 ; Article 18 (СЕОС), off unless enabled=true
 *      enabled=true
 *      guid={…}                   ; our administration's GUID in the registry
 *      identifier=000695089       ; our ЕИК/identifier in the registry
 *      name=…                     ; our name as the messages carry it
 *      certificate=/etc/delovod/exchange.crt ; transport certificate (PEM): TLS client + signing
 *      key=/etc/delovod/exchange.key         ; its key (PEM, unencrypted)
 *      peers_ca=/etc/delovod/peers-ca.crt    ; CA(s) of the peers' server certificates
 *      delivery_interval_s=60     ; how often the outbox is delivered
 *      max_message_bytes=157286400 ; the largest Submit accepted on /EGovExchange
 *                                 ;   (spooled to disk, never in memory)
 *      registry_url=https://register.obmen.local/service/ ; participant registry service
 *                                 ;   (off when empty: import the registry from a file)
 *      registry_refresh_interval_s=600 ; how often the offline registry copy is refreshed
 *
 *      [public]                   ; the citizens' listener (status page, open data):
 *      address=0.0.0.0            ;   HTTPS without client certificates, on only when
 *      port=8443                  ;   certificate and key are set
 *      certificate=/etc/delovod/public.crt
 *      key=/etc/delovod/public.key
 *      requests_per_minute=30     ; per client address (token bucket), then 429
 *      burst=10                   ; requests a client may make at once
 *
 *      [eservices]                ; applications from the e-service portal
 *      user=eportal               ; the user the intake registers as (clerk role);
 *                                 ;   empty: no intake route
 *      trust_anchors=/etc/delovod/signers-ca.pem ; CA(s) for signed attachments
 *
 *      [opendata]                 ; what the DCAT-AP catalogue says about the publisher
 *      base_url=https://opendata.sofia.bg ; the public address of /opendata/…; default:
 *                                 ;   https://<[public] address>:<port>
 *      publisher=Столична община  ; default: the name of the first registry
 *      homepage=https://www.sofia.bg ; default: the base URL
 *      contact_email=opendata@sofia.bg ; dcat:contactPoint; left out when empty
 *      catalog_title=…            ; default: "<publisher>: open data"
 *      catalog_description=…
 *
 *  Every key is optional; unknown keys are reported, as they are most likely typos.
 *  Relative TLS paths are relative to the configuration file. The [tls] keys go
 *  together: all three or none (then the server cannot serve). */
struct ServerConfig
{
    static constexpr int kDefaultPort = 8080;
    static constexpr qint64 kDefaultExchangeMaxMessageBytes = 150LL * 1024 * 1024;
    static constexpr qint64 kMinExchangeMaxMessageBytes = 1024 * 1024;
    static constexpr qint64 kMaxExchangeMaxMessageBytes = 2LL * 1024 * 1024 * 1024;

    QString databaseUrl;
    QString listenAddress = QStringLiteral("127.0.0.1");
    int port = kDefaultPort;
    int threads = 2;
    QString certificateFile;
    QString keyFile;
    QString clientCaFile;
    qint64 maxHeaderBytes = HttpServerSettings().maxHeaderBytes;
    qint64 maxBodyBytes = HttpServerSettings().maxBodyBytes;
    int requestTimeoutMs = HttpServerSettings().requestTimeoutMs;
    int idleTimeoutMs = HttpServerSettings().idleTimeoutMs;
    int shutdownTimeoutMs = HttpServerSettings().shutdownTimeoutMs;
    QString spoolDir;
    QString syncBlobDir;
    int syncSessionMinutes = 480;
    bool exchangeEnabled = false;
    QString exchangeGuid;
    QString exchangeIdentifier;
    QString exchangeName;
    QString exchangeCertificateFile;
    QString exchangeKeyFile;
    QString exchangePeersCaFile;
    int exchangeDeliveryIntervalS = 60;
    qint64 exchangeMaxMessageBytes = kDefaultExchangeMaxMessageBytes;
    QString exchangeRegistryUrl;
    int exchangeRegistryRefreshIntervalS = 600;
    QString publicAddress = QStringLiteral("127.0.0.1");
    int publicPort = 8443;
    QString publicCertificateFile;
    QString publicKeyFile;
    int publicRequestsPerMinute = 30;
    int publicBurst = 10;
    QString eservicesUser;
    QString eservicesTrustAnchors;
    QString opendataBaseUrl; ///< absolute http(s) URL without query, fragment or trailing '/'
    QString opendataPublisher;
    QString opendataHomepage;
    QString opendataContactEmail;
    QString opendataCatalogTitle;
    QString opendataCatalogDescription;

    static constexpr int kMaxOpenDataUrlLength = 2000;
    static constexpr int kMaxOpenDataNameLength = 300;
    static constexpr int kMaxOpenDataDescriptionLength = 4000;

    /** Reads a file; NotFound when it is missing, InvalidInput (with every problem
     *  in the detail, one per line) when it is malformed. */
    static Result<ServerConfig> load(const QString &path);
    /** The problems of the values, one line each; empty when valid. */
    QStringList problems() const;
    /** The problems of the [opendata] values alone (part of problems()). */
    QStringList openDataProblems() const;
    /** True when the TLS certificate, key and client CA are all set. */
    bool hasTls() const;
    /** The settings of the HTTP server. */
    HttpServerSettings httpSettings() const;
    /** Where blobs are kept: [sync] blob_dir, by default "blobs" next to an SQLite
     *  database (@p sqliteDatabasePath; empty for PostgreSQL: /var/lib/delovod/blobs). */
    QString blobDir(const QString &sqliteDatabasePath) const;
    /** Where request bodies are spooled: [limits] spool_dir, by default "spool" in blobDir(). */
    QString effectiveSpoolDir(const QString &sqliteDatabasePath) const;
    /** True when the public listener's certificate and key are both set. */
    bool hasPublicListener() const;
    /** The settings of the public listener: [public] address, port and TLS files,
     *  no client certificate, the [limits] of the main listener. */
    HttpServerSettings publicHttpSettings() const;
};

} // namespace dms::server
