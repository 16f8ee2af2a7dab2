// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/Vocabulary.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace dms {

struct ServiceContext;

/** One query over metadata and document text. Every field is optional; an empty
 *  query lists the newest entries. */
struct SearchQuery
{
    /** Words to find (all must match, case-insensitive); a word ending in '*' is a
     *  prefix. Tokenised with SearchText, so punctuation is ignored. */
    QString text;
    QString registerId;
    QString registryId;
    std::optional<RegisterKind> registerKind;
    QString documentKind; ///< exact
    std::optional<Channel> channel;
    QString correspondentId;
    QString caseId;
    std::optional<RegistrationStatus> status;
    QString indexPrefix; ///< registration index starting with this text (case matters; outer spaces do not)
    QDate from; ///< registered on or after (local date)
    QDate to; ///< registered on or before (local date)
    int year = 0; ///< numbering year
    int offset = 0;
    int limit = 50; ///< at most 1000
};

/** A line of a result list: enough to show a register row without more queries. */
struct DocumentSummary
{
    QString documentId;
    QString registrationId;
    QString index;
    QDateTime registeredAt;
    QDate registeredOn;
    QString registerId;
    QString registerCode;
    QString kind;
    QString subject;
    QString correspondentName;
    Channel channel = Channel::Counter;
    AccessLevel accessLevel = AccessLevel::Internal;
    RegistrationStatus status = RegistrationStatus::Active;
    int pageCount = 0;
    QString caseId;
};

struct SearchResult
{
    QList<DocumentSummary> hits; ///< newest first
    bool hasMore = false;
};

/** A word of a query as the engines see it: SearchText's form of the user's word. */
struct SearchWord
{
    QString word;
    bool prefix = false; ///< the user wrote '*' right after it

    bool operator==(const SearchWord &other) const = default;
};

/** Searches registered documents on either engine with the same results:
 *  FTS5 on SQLite, tsvector on PostgreSQL, both over SearchText's words.
 *  Restricted documents are left out unless the session may read them.
 *
 *  On SQLite a text search walks FTS5 newest first by rowid and stops when a
 *  page is full; date and year filters narrow that walk to a span of rowids.
 *  This relies on search entries being created in registration order, as
 *  RegistrationService does (SearchIndex::put keeps an entry's rowid when it
 *  re-indexes). An entry created out of that order (or while the clock was set
 *  back by more than a day) would be ordered, and date-filtered in text
 *  searches, by when it was indexed.
 *
 *  Thread-safe (each call uses the calling thread's connection); call
 *  setNarrowLimit() before sharing the service between threads. */
class SearchService
{
public:
    explicit SearchService(ServiceContext &context);

    /** A page of the entries matching `query`, newest first: by registration time,
     *  then by registration id (both descending). The limit is clamped to
     *  1..kMaxLimit and a negative offset counts as 0. Text that holds no word
     *  (only punctuation or query syntax) does not restrict the result.
     *  PermissionDenied without ReadDocuments; InvalidInput for text longer than
     *  kMaxTextLength, more than kMaxWords words, a word longer than
     *  kMaxWordLength, a date or year outside 1..9999; an unknown id in a
     *  filter simply matches nothing. */
    Result<SearchResult> search(const Session &session, const SearchQuery &query);
    /** How many entries match (for status bars and exports); no paging. Same rules as search(). */
    Result<qint64> count(const Session &session, const SearchQuery &query);

    /** The words of a query text: SearchText::words() of the text, with a '*'
     *  written right after a word making that word a prefix. Every other
     *  character (quotes, operators, brackets, a lone '*') only separates words. */
    static QList<SearchWord> queryWords(const QString &text);

    /** Tuning of SQLite's plans: a correspondent, case file or index prefix with
     *  fewer entries than this is searched from its own index; with more, the
     *  newest entries are walked until a page is full. Results are the same
     *  either way; tests set 0 and a huge value to run both plans. */
    void setNarrowLimit(int entries);
    static constexpr int kDefaultNarrowLimit = 2000;

    static constexpr int kMaxLimit = 1000;
    static constexpr int kMaxTextLength = 1000;
    static constexpr int kMaxWords = 32;
    static constexpr int kMaxWordLength = 100;

private:
    ServiceContext &m_context;
    int m_narrowLimit = kDefaultNarrowLimit;
};

} // namespace dms
