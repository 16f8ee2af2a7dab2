// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncTransport.h"

#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <atomic>

class QNetworkAccessManager;

namespace dms {

/** Where and how a desk reaches delovod-server. */
struct NetworkSyncSettings
{
    QUrl baseUrl; ///< e.g. https://dms.example.org:8443
    QString certificateFile; ///< the workstation's certificate (PEM)
    QString keyFile; ///< its private key (PEM, unencrypted)
    QString caFile; ///< the CA(s) that issued the server's certificate (PEM)
    int timeoutMs = 60'000; ///< per request, beyond the long-poll wait
};

/** The sync transport over HTTPS with QNetworkAccessManager: TLS 1.2 or newer,
 *  the server verified against caFile, the desk identified by its client
 *  certificate (mutual TLS). Unreachable server, TLS failure or timeout →
 *  Network/Timeout; any HTTP answer → the reply with its status. Lives on the
 *  sync engine's worker thread; each send() waits for its reply in a local event
 *  loop of that thread. interrupt() may be called from any thread. */
class NetworkSyncTransport final : public SyncTransport
{
public:
    /** Loads the PEM files; InvalidInput naming the file that is wrong. */
    static Result<QSslConfiguration> loadTls(const NetworkSyncSettings &settings);

    NetworkSyncTransport(NetworkSyncSettings settings, QSslConfiguration tls);
    ~NetworkSyncTransport() override;
    NetworkSyncTransport(const NetworkSyncTransport &) = delete;
    NetworkSyncTransport &operator=(const NetworkSyncTransport &) = delete;

    Result<SyncReply> send(const SyncRequest &request) override;
    void interrupt() override;

private:
    NetworkSyncSettings m_settings;
    QSslConfiguration m_tls;
    std::atomic<QNetworkAccessManager *> m_manager {nullptr};
    std::atomic<bool> m_interrupted {false};
};

} // namespace dms
