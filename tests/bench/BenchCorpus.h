// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Vocabulary.h"

#include <QRandomGenerator>
#include <QString>
#include <QStringList>

namespace dms {

/** A generated document as a clerk would type it. */
struct BenchDocument
{
    QString kind;
    QString subject;
    QString fullText; ///< empty for most documents
    Channel channel = Channel::Counter;
    AccessLevel accessLevel = AccessLevel::Internal;
    int pageCount = 1;
    int correspondent = -1; ///< index into correspondents(), or -1
};

/** Realistic Bulgarian registry text for the benchmarks: kinds, subjects built
 *  from the topics of a municipality's incoming mail, street names, people and
 *  companies. Deterministic for a given seed, so that runs are comparable. */
class BenchCorpus
{
public:
    explicit BenchCorpus(quint32 seed = 20200908);

    BenchDocument next();
    /** The correspondents documents refer to: people, companies, administrations. */
    const QStringList &correspondents() const { return m_correspondents; }
    /** Words that occur in the generated text, for queries (SearchText form). */
    const QStringList &queryWords() const { return m_queryWords; }
    QRandomGenerator &random() { return m_random; }

private:
    QString pick(const QStringList &list);
    QString person();
    QString place();

    QRandomGenerator m_random;
    QStringList m_correspondents;
    QStringList m_queryWords;
};

} // namespace dms
