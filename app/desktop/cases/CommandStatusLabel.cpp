// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/CommandStatusLabel.h"

#include "desk/DeskConnection.h"

namespace dms {

CommandStatusLabel::CommandStatusLabel(DeskConnection &desk, QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(&desk, &DeskConnection::commandDecided, this,
            [this](const QString &opId, bool applied, const QJsonObject &answer) {
                if (!m_pending.remove(opId))
                    return;
                const QString message = answer.value(QStringLiteral("error"))
                                            .toObject()
                                            .value(QStringLiteral("message"))
                                            .toString();
                if (applied)
                    showStatus(tr("Done."), false);
                else
                    showStatus(tr("Refused by the server: %1").arg(message), true);
                Q_EMIT decided(applied, message);
            });
}

CommandStatusLabel::~CommandStatusLabel() = default;

bool CommandStatusLabel::follow(const Result<OutboxEntry> &queued, const QString &what)
{
    if (!queued) {
        showStatus(queued.error().message, true);
        return false;
    }
    m_pending.insert(queued->opId);
    showStatus(tr("%1: sent, waiting for the server…").arg(what), false);
    return true;
}

void CommandStatusLabel::showStatus(const QString &text, bool failure)
{
    setStyleSheet(failure ? QStringLiteral("color: #b3261e;") : QString());
    setText(text);
}

} // namespace dms
