package admin

import "encoding/base64"

// dummySeal is opened for unknown usernames (loginSubmit), so that they cost as much as a real
// account and the answer's timing does not tell which usernames exist: an officer identity sealed with scrypt at
// crypto.PasswordWorkFactor under a random password that was thrown away. Being made once, ahead,
// it costs a sign-in no second scrypt run the first time an unknown name is tried.
var dummySeal, _ = base64.StdEncoding.DecodeString("YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBMdGN4bnNUQmYzZXYrY1pRakpCNGFBIDE4CmdyYUd2aG1MRmtWNUV6aG5QWDVrYTQ0alRZWE1rZjlVcDNxcm9PclZ1TTQKLS0tIFlqVlZiRUc0YXNCTXBRa2hJTkYvcGZpRjRDb3c4cDlaU2RzcmxaSzFIWFUKyDRV3TFjyAa6bfEzgHw21BOg/PUZ0DIvO8HY/aORPxIEos+SwLuhILuV02swMJBANByOHnUyLx+BQpDq9ATXo8PsnfR5WsVSyfP+eTLbyjo19eAUn8fRDNK1z95+lPrLUOY39P1ZgOzV3OhCJg==")
