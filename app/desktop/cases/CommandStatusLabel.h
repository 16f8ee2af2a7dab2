// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/Outbox.h"

#include <QLabel>
#include <QSet>

namespace dms {

class DeskConnection;

/** A one-line status under a panel for the commands sent from it: "sent" when
 *  queued, the service's message when the server refused it, the error when it
 *  could not even be queued. Follows only the commands it was given. */
class CommandStatusLabel : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandStatusLabel)

public:
    explicit CommandStatusLabel(DeskConnection &desk, QWidget *parent = nullptr);
    ~CommandStatusLabel() override;

    /** Shows the outcome of queueing a command; true when it was queued. */
    bool follow(const Result<OutboxEntry> &queued, const QString &what);

Q_SIGNALS:
    /** The server decided a command given to follow(). */
    void decided(bool applied, const QString &message);

private:
    void showStatus(const QString &text, bool failure);

    QSet<QString> m_pending;
};

} // namespace dms
