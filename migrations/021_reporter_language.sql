-- The language the reporter reads: the one they wrote in, or last chose in their mailbox. Notices
-- (acknowledgement, status notices, closure and referral messages) are prefilled in it, so a
-- reporter who wrote in English is not answered in Chinese. Only the code is kept, nothing else of
-- the reporter's browser. Cases from before this column were all answered in zh-TW.
ALTER TABLE cases ADD COLUMN reporter_lang text NOT NULL DEFAULT 'zh-TW'
    CHECK (reporter_lang IN ('zh-TW', 'en'));
