// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/DocumentFile.h"
#include "domain/Registration.h"
#include "domain/Vocabulary.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace dms {

/** Everything shown on a document's page: the document, its registration and
 *  its files. */
struct DocumentDetails
{
    QString id;
    QString kind;
    QString subject;
    QString correspondentId; ///< empty when none
    QString correspondentName; ///< the name only; personal numbers are never part of this
    Channel channel = Channel::Counter;
    int pageCount = 0;
    AccessLevel accessLevel = AccessLevel::Internal;
    QString classificationId; ///< empty when none
    QString fullText; ///< typed, extracted or OCR text; empty when none
    QDateTime createdAt; ///< UTC
    QString createdBy; ///< user id
    Registration registration;
    QList<DocumentFile> files; ///< every version, by name and then version
};

} // namespace dms
