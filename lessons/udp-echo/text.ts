/** Every sentence udp-echo says. Facts in {braces} come from this run's events. */
const en = {
  "step.server-binds": "The server takes a port",
  "step.client-socket": "The client makes a socket and does not bind it",
  "step.first-datagram": "The first datagram already carries the data",
  "step.reply": "The server answers the address recvfrom gave it",
  "step.boundaries": "Three sendto calls, three datagrams",
  "step.loss": "If a datagram is lost, the client's timeout fires and it sends again",
  "step.close": "Closing sends nothing",

  "default.message": "hello over udp",
  "note.serverBinds":
    "The server binds {address}. The lecture binds the fixed port 12000 (--port 12000) so that clients know in advance where to send; without --port, sockstep asks for port 0 and the kernel picks a free one, which the lesson hands to its client. Python's '' means every local address; sockstep binds {host} unless --host says otherwise. The slides write serverSocket.bind((''), serverPort)), in UDPServer.py and TCPServer.py alike: that is a Python syntax error. bind() takes one (host, port) tuple: bind(('', serverPort)).",
  "note.noBind":
    "The lesson's client calls neither bind() nor connect(): it has no port yet. It gets one when it first sends: the lecture's Python inside sendto(), this Node program in a bind() that libuv makes just before the first send (strace shows both).",
  "note.noHandshake":
    "No handshake happened: the very first packet on the wire was the client's data. UDP keeps no connection, so nothing was set up before and nothing needs tearing down after.",
  "note.portChosen":
    "The kernel chose port {port} for the client at its first send; the server's recvfrom() reports the sender as {from}. Same port: that is how the reply will find its way back.",
  "note.anyAddress":
    "The client's own socket says {local}: 0.0.0.0 means any local address. The source address {source} was filled in by the kernel for this datagram, from the route it took.",
  "note.replyAddress":
    "The server stores nothing about the client. The only reason it can answer is the address recvfrom() returned ({from}); a reply to any other port would reach nobody.",
  "note.replyGot":
    "The client got {bytes} B back: \"{reply}\". The lecture's UDPClient.py never calls recvfrom(): it sends, then closes, and never sees the reply. The lesson's client, like reference/UDPClient.py, reads it with recvfrom(2048).",
  "note.boundaries":
    "The client made {sent} sendto() calls ({sizes} B) and the server's recvfrom() returned {received} datagrams ({got} B): each datagram arrived whole and separate. UDP keeps message boundaries; TCP would not.",
  "note.lossSetup":
    "Now a network emulator sits between client and server. The client waits at most {timeout} s for each reply (settimeout), and tries up to {tries} times.",
  "note.retry":
    "No reply within the timeout (try {attempt} of {tries}): the datagram or its reply was lost, or nobody is there to answer. UDP cannot tell which and never resends; the client sends again itself.",
  "note.giveUp":
    "No reply after {tries} tries: the client gives up. With UDP, only the application can decide to retry or to stop.",
  "note.lossResult":
    "The reply arrived on try {tries}. The emulator dropped {dropped} {dropped|datagram|datagrams} in this step; nothing in UDP noticed or repaired that.",
  "note.lossGaveUp":
    "All {tries} tries were lost. The emulator dropped {dropped} {dropped|datagram|datagrams}.",
  "note.lossNone":
    "This time the emulator dropped nothing ({loss}% loss is a chance, not a schedule), so the first try was answered. Run the lesson again to see a loss.",
  "note.relayAddress":
    "Through the emulator, the server sees the emulator's port as the sender and answers it; the emulator passes the reply on to the client.",
  "note.close":
    "close() frees the port. Unlike TCP there is no FIN: the server never learns that the client is gone.",
  "note.serveHint":
    "Send it a datagram: python3 {client} {host} {port} 'hello'  or  nc -u {host} {port}",
  "note.serveLoss":
    "--loss applies to the client side (replay and --connect); in --serve mode every datagram is answered.",
  "note.connectTarget":
    "The client sends to {target} and waits {timeout} s for each reply, up to {tries} tries.",
  "fail.noReply": "no reply from {target} after {tries} tries: is a UDP echo server running there?",
  "fail.ipv6":
    "{host} is an IPv6 address; this lesson uses IPv4 sockets (AF_INET) as the lecture does. Use an IPv4 address such as 127.0.0.1 or 0.0.0.0.",
} as const;

type Key = keyof typeof en;

const ko = {
  "step.server-binds": "서버가 포트를 잡는다",
  "step.client-socket": "클라이언트는 소켓을 만들기만 하고 bind하지 않는다",
  "step.first-datagram": "첫 데이터그램이 곧바로 데이터를 싣고 간다",
  "step.reply": "서버는 recvfrom이 알려 준 주소로 답한다",
  "step.boundaries": "sendto 세 번, 데이터그램 세 개",
  "step.loss": "데이터그램이 손실되면 클라이언트의 타임아웃이 울리고 다시 보낸다",
  "step.close": "닫을 때는 아무것도 보내지 않는다",

  "default.message": "hello over udp",
  "note.serverBinds":
    "서버는 {address}에 바인드합니다. 강의는 클라이언트가 어디로 보낼지 미리 알 수 있도록 고정 포트 12000에 바인드합니다(--port 12000). --port를 주지 않으면 sockstep은 포트 0을 요청하고, 커널이 빈 포트를 골라 주며, 레슨이 그 포트를 클라이언트에게 알려 줍니다. 파이썬의 ''는 모든 로컬 주소를 뜻하며, sockstep은 --host를 주지 않으면 {host}에 바인드합니다. 강의 자료는 UDPServer.py와 TCPServer.py 모두 serverSocket.bind((''), serverPort))라고 쓰는데, 이것은 파이썬 문법 오류입니다. bind()는 (호스트, 포트) 튜플 하나를 받습니다: bind(('', serverPort)).",
  "note.noBind":
    "레슨의 클라이언트는 bind()도 connect()도 부르지 않으므로 아직 포트가 없습니다. 처음 보낼 때 포트를 받습니다. 강의의 파이썬은 sendto() 안에서, 이 Node 프로그램은 첫 송신 직전에 libuv가 부르는 bind()에서 받습니다(strace로 둘 다 볼 수 있습니다).",
  "note.noHandshake":
    "핸드셰이크가 없었습니다. 네트워크에 나간 첫 패킷이 바로 클라이언트의 데이터입니다. UDP는 연결을 유지하지 않으니 미리 준비할 것도, 끝나고 정리할 것도 없습니다.",
  "note.portChosen":
    "커널은 첫 송신 때 클라이언트에게 포트 {port}을(를) 골라 주었고, 서버의 recvfrom()은 보낸 쪽을 {from}(으)로 알려 줍니다. 같은 포트이므로 답장이 이 길로 돌아옵니다.",
  "note.anyAddress":
    "클라이언트 소켓 자신은 {local}(이)라고 말합니다. 0.0.0.0은 '이 컴퓨터의 아무 주소'라는 뜻입니다. 보낸 쪽 주소 {source}은(는) 이 데이터그램이 나간 경로를 보고 커널이 채워 넣은 것입니다.",
  "note.replyAddress":
    "서버는 클라이언트에 대해 아무것도 저장하지 않습니다. 답할 수 있는 근거는 recvfrom()이 돌려준 주소({from})뿐이며, 다른 포트로 보내면 아무도 받지 못합니다.",
  "note.replyGot":
    '클라이언트가 {bytes} B를 돌려받았습니다: "{reply}". 강의의 UDPClient.py는 recvfrom()을 부르지 않습니다. 보내고 곧바로 닫으므로 답장을 보지 못합니다. 레슨의 클라이언트는 reference/UDPClient.py처럼 recvfrom(2048)으로 답장을 읽습니다.',
  "note.boundaries":
    "클라이언트는 sendto()를 {sent}번({sizes} B) 불렀고, 서버의 recvfrom()은 데이터그램 {received}개({got} B)를 돌려주었습니다. 데이터그램마다 통째로, 따로따로 도착했습니다. UDP는 메시지 경계를 지킵니다. TCP는 그렇지 않습니다.",
  "note.lossSetup":
    "이제 클라이언트와 서버 사이에 네트워크 에뮬레이터가 있습니다. 클라이언트는 답장마다 최대 {timeout}초 기다리고(settimeout), 최대 {tries}번 시도합니다.",
  "note.retry":
    "타임아웃 안에 답이 없습니다({tries}번 중 {attempt}번째). 데이터그램이나 답장이 손실되었거나, 답할 상대가 없습니다. UDP는 어느 쪽인지 알 수 없고 재전송도 하지 않으므로 클라이언트가 직접 다시 보냅니다.",
  "note.giveUp":
    "{tries}번 시도해도 답이 없어 클라이언트가 포기합니다. UDP에서는 재전송할지 멈출지를 애플리케이션만 정할 수 있습니다.",
  "note.lossResult":
    "{tries}번째 시도에서 답장이 도착했습니다. 이 단계에서 에뮬레이터가 데이터그램 {dropped}개를 버렸지만 UDP는 그것을 알아채지도, 고치지도 않았습니다.",
  "note.lossGaveUp":
    "{tries}번 모두 손실되었습니다. 에뮬레이터가 데이터그램 {dropped}개를 버렸습니다.",
  "note.lossNone":
    "이번에는 에뮬레이터가 아무것도 버리지 않아 첫 시도에 답이 왔습니다. 손실률 {loss}%는 확률일 뿐 정해진 순서가 아닙니다. 손실을 보려면 레슨을 다시 실행해 보세요.",
  "note.relayAddress":
    "에뮬레이터를 거치면 서버는 에뮬레이터의 포트를 보낸 쪽으로 보고 그쪽으로 답합니다. 에뮬레이터가 그 답장을 클라이언트에게 넘겨 줍니다.",
  "note.close":
    "close()는 포트를 돌려줍니다. TCP와 달리 FIN이 없어서 서버는 클라이언트가 떠났다는 것을 알 수 없습니다.",
  "note.serveHint":
    "데이터그램을 보내 보세요: python3 {client} {host} {port} 'hello' 또는 nc -u {host} {port}",
  "note.serveLoss":
    "--loss는 클라이언트 쪽(재생과 --connect)에 적용됩니다. --serve에서는 모든 데이터그램에 답합니다.",
  "note.connectTarget":
    "클라이언트가 {target}(으)로 보내고 답장마다 {timeout}초씩, 최대 {tries}번 기다립니다.",
  "fail.noReply":
    "{tries}번 시도했지만 {target}에서 답이 없습니다. 그곳에 UDP 에코 서버가 실행 중인가요?",
  "fail.ipv6":
    "{host}은(는) IPv6 주소입니다. 이 레슨은 강의처럼 IPv4 소켓(AF_INET)을 씁니다. 127.0.0.1이나 0.0.0.0 같은 IPv4 주소를 주세요.",
} satisfies Record<Key, string>;

export const text = { en, ko };
