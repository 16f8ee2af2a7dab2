// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace dms::exchange {

/** One participant of the registry (EGovRegistry Entity with its "Документооборот"
 *  service): identity, transport certificate serial and endpoint. */
struct ParticipantRecord
{
    QString guid;
    QString identifier;
    QString name;
    QString certificateSerialHex;
    QString endpointUri;
    /** Entity Active and its exchange service Active. */
    bool active = true;
    QDateTime lastChange;
};

} // namespace dms::exchange
